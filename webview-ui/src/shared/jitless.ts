import * as z from 'zod';

// Imported first by every front end, before any schema is built: zod decides at construction
// whether to compile parsers with `new Function`, which the webview's CSP (no 'unsafe-eval')
// forbids and reports as a violation even when zod catches the error.
z.config({ jitless: true });

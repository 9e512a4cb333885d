/** Where the build copies Roboto (esbuild.js): beside the report bundle. */
export const FONT_DIR = 'fonts';

/**
 * The faces the PDF embeds, and esbuild.js copies. The report sets nothing in italics, so the
 * italic faces pdfmake asks for are these upright ones and the package carries two font files,
 * not four (about 200 KB less).
 */
export const REPORT_FONT_FILES = ['Roboto-Regular.ttf', 'Roboto-Medium.ttf'] as const;

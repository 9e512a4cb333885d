// The one escaper of text put into HTML or XML (the report's page, the webviews' shell, JUnit
// files): the five characters that can end a text or an attribute, so a model's answer or a
// file's text stays text wherever it lands.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe as HTML or XML content and inside a quoted attribute. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Drops a UTF-8 byte-order mark, as editors do: Notepad and some exporters write one. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

import { promises as fs } from 'fs';

/** The text of a PDF as a reader selecting it would copy it (unpdf, pure JS), lines joined by spaces. */
export async function pdfText(file: string): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await fs.readFile(file))), { mergePages: true });
  return text.replace(/\s*\n\s*/g, ' ');
}

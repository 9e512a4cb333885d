// The providers: Ollama, any OpenAI-compatible server and recorded transcripts behind one interface.
export * from './types';
export { clientServers, createJudgeProvider, createProvider, modelServer, type ProviderFactoryOptions } from './factory';
export { DEFAULT_OLLAMA_HOST, normalizeOllamaModelName, OllamaProvider, type OllamaProviderOptions } from './ollama';
export { DEFAULT_OPENAI_HOST, OpenAIProvider, openaiBaseUrl, type OpenAIProviderOptions } from './openai';
export {
  loadTranscript,
  normalizeInput,
  ReplayProvider,
  type ReplayProviderOptions,
  type Transcript,
  type TranscriptEntry,
  type TranscriptProblem,
} from './replay';
export { DEFAULT_TIMEOUT_MS, METADATA_TIMEOUT_MS } from './http';

import type { EvalCase } from '../workspace/evalSet';
import type { ChatMessage } from '../providers/types';

/**
 * The conversation sent for a case: the client's system prompt, then the case's input (or its
 * own messages, for multi-turn cases). A case that brings its own system message replaces the
 * client's prompt rather than stacking two.
 */
export function messagesForCase(systemPrompt: string, c: Pick<EvalCase, 'input' | 'messages'>): ChatMessage[] {
  const turns: ChatMessage[] = c.messages ? c.messages.map((m) => ({ role: m.role, content: m.content })) : [{ role: 'user', content: c.input ?? '' }];
  if (turns.some((m) => m.role === 'system') || !systemPrompt.trim()) return turns;
  return [{ role: 'system', content: systemPrompt }, ...turns];
}

/** The text a case asks, for display and for graders: the input, or the last user turn. */
export function caseInput(c: Pick<EvalCase, 'input' | 'messages'>): string {
  return c.input ?? [...(c.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
}

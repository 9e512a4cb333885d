/** Why a reviewer flags an answer. Imports nothing, so the review webview can use it. */
export const FLAG_REASONS = ['wrong', 'outdated', 'unsafe', 'tone', 'coverage-gap'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** The CLI's exit codes, as documented in the README. */
export const EXIT = {
  ok: 0,
  /** A run finished but breached one of the client's thresholds. */
  breach: 1,
  /** Unusable input (bad arguments, invalid files) or a model that cannot be reached. */
  unusable: 2,
} as const;

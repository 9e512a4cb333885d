// Types for scripts/shrinkPng.js (plain JavaScript, so the e2e harness needs no compile).
export function shrinkPng(png: Buffer): Buffer;

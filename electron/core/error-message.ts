// What went wrong, in words, for anything a `catch` receives: an Error's message, else the value
// as text (a rejected promise may carry a string, a number or nothing at all).
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

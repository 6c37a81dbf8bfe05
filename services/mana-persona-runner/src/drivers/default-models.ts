/** Model a driver uses when PERSONA_MODEL is not set. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-haiku-4-5';
/** A common Ollama model name; local servers must have it pulled (or set PERSONA_MODEL). */
export const DEFAULT_OPENAI_COMPATIBLE_MODEL = 'llama3.1';

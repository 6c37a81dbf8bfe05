/**
 * The fake Anthropic Messages API for the runner scheduler benchmark, in its own process
 * (so its SSE framing does not share the runner's event loop): `node --import tsx bench/fake-anthropic-day.ts <latencyMs>`.
 * Prints `{"ready":{"url":...}}`; on `quit` prints `{"stats":{"requests":n}}` and exits.
 *
 * The scripted day (every turn answered after the fixed latency): 1. todo_create,
 * 2. notes_create, 3. todo_list + habits_list in one turn, 4. a closing text turn.
 * The rating turn answers JSON. All tools are real mana-mcp tools.
 */
import { createInterface } from 'node:readline';
import { startFakeAnthropic, type FakeRequest, type FakeTurn } from '@mana/persona-runner/testing';

const LATENCY_MS = Number(process.argv[2] ?? 300);
const RATING = JSON.stringify({
  ratings: [
    { module: 'todo', rating: 4, notes: 'Anlegen und Auflisten gingen schnell.' },
    { module: 'notes', rating: 4, notes: 'Notiz war sofort da.' },
    { module: 'habits', rating: 3, notes: 'Nur angesehen.' },
  ],
});

/** One persona's day as tool_use turns on real tools, chosen by how many tool results came back. */
function benchDay(request: FakeRequest): FakeTurn {
  if (request.userText.includes('"ratings"')) return { text: RATING };
  const tool = (name: string) => request.tools.find((offered) => offered === name || offered.endsWith(`__${name}`));
  const need = ['todo_create', 'notes_create', 'todo_list', 'habits_list'].map(tool);
  if (need.some((name) => !name)) return { text: `fehlende Werkzeuge: ${request.tools.join(',')}` };
  const [todoCreate, notesCreate, todoList, habitsList] = need as string[];
  switch (request.toolResults.length) {
    case 0:
      return { text: 'Ich plane den Tag.', toolCalls: [{ name: todoCreate, input: { title: 'Zahnarzt anrufen', priority: 'high' } }] };
    case 1:
      return { toolCalls: [{ name: notesCreate, input: { title: 'Einkauf', body: 'Milch, Brot, Tomaten' } }] };
    case 2:
      return {
        toolCalls: [
          { name: todoList, input: {} },
          { name: habitsList, input: {} },
        ],
      };
    default:
      return { text: 'Aufgabe angelegt, Einkaufsliste notiert, Gewohnheiten angesehen.' };
  }
}

const fake = await startFakeAnthropic({ script: benchDay, latencyMs: LATENCY_MS });
// The fake records every request body (tests assert on them); here only the count matters.
let answered = 0;
const drain = setInterval(() => {
  answered += fake.requests.length;
  fake.requests.length = 0;
}, 1_000);
process.stdout.write(`${JSON.stringify({ ready: { url: fake.url } })}\n`);
for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'quit') break;
clearInterval(drain);
process.stdout.write(`${JSON.stringify({ stats: { requests: answered + fake.requests.length } })}\n`);
await fake.close();
process.exit(0);

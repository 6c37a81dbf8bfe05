import { describe, expect, it } from 'vitest';
import type { SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import type { RecordedAction } from '../driver';
import { childEnv, sessionOptions } from './claude-options';
import { TranscriptRecorder } from './transcript';

const moduleOf = (tool: string) => (tool.startsWith('todo_') ? 'todo' : 'unknown');

function assistant(id: string, blocks: unknown[], usage = { input_tokens: 100, output_tokens: 20 }): SDKMessage {
  return { type: 'assistant', message: { id, content: blocks, usage }, parent_tool_use_id: null, uuid: id, session_id: 's' } as unknown as SDKMessage;
}
function toolResult(id: string, text: string, isError = false): SDKMessage {
  return {
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, is_error: isError, content: [{ type: 'text', text }] }] },
    parent_tool_use_id: null,
    session_id: 's',
  } as unknown as SDKMessage;
}

describe('TranscriptRecorder', () => {
  it('maps mcp__mana__ tools back, marks exactly the call whose tool_result is an error, times each call', () => {
    let now = 0;
    const seen: RecordedAction[] = [];
    const recorder = new TranscriptRecorder(
      moduleOf,
      (a) => seen.push(a),
      () => now,
    );
    recorder.consume(
      assistant('m1', [
        { type: 'text', text: 'hi' },
        { type: 'tool_use', id: 'tu_a', name: 'mcp__mana__todo_list', input: {} },
        { type: 'tool_use', id: 'tu_b', name: 'mcp__mana__todo_complete', input: { todoId: 'x' } },
      ]),
    );
    now = 40;
    // Results arrive in the other order: each closes its own call.
    recorder.consume(toolResult('tu_b', 'No todo with id x in this space.', true));
    now = 55;
    recorder.consume(toolResult('tu_a', '{"todos":[]}'));
    expect(recorder.actions.map((a) => [a.callId, a.toolName, a.module, a.result, a.latencyMs])).toEqual([
      ['tu_b', 'todo_complete', 'todo', 'error', 40],
      ['tu_a', 'todo_list', 'todo', 'ok', 55],
    ]);
    expect(recorder.actions[0].errorMessage).toBe('No todo with id x in this space.');
    expect(recorder.actions[1].outputSummary).toBe('{"todos":[]}');
    expect(seen).toHaveLength(2);
  });

  it('counts tokens once per API message, skips refused and non-MCP calls, closes dangling calls as errors', () => {
    const recorder = new TranscriptRecorder(moduleOf);
    recorder.consume(assistant('m1', [{ type: 'tool_use', id: 'tu_1', name: 'mcp__mana__todo_list', input: {} }]));
    recorder.consume(assistant('m1', [{ type: 'tool_use', id: 'tu_2', name: 'Bash', input: {} }]));
    recorder.consume(assistant('m2', [{ type: 'tool_use', id: 'tu_3', name: 'mcp__mana__todo_create', input: { title: 't' } }], { input_tokens: 10, output_tokens: 5 }));
    recorder.refused.add('tu_3');
    recorder.consume(toolResult('tu_3', 'denied', true));
    expect(recorder.tokens).toBe(135);
    recorder.closeOpenCalls('no tool result before the session ended (timeout)');
    expect(recorder.actions.map((a) => [a.callId, a.result, a.errorMessage])).toEqual([['tu_1', 'error', 'no tool result before the session ended (timeout)']]);
  });
});

describe('claude options', () => {
  const settings = { kind: 'claude-agent-sdk' as const, anthropicApiKey: 'sk-secret', anthropicBaseUrl: 'http://127.0.0.1:9', offlineDelayMs: 0, scratchDir: '/tmp/x' };
  const scratch = { home: '/tmp/x/claude-1', configDir: '/tmp/x/claude-1/.claude', remove: async () => undefined };

  it('gives the child exactly its own environment: the key, the scratch home, no telemetry', () => {
    expect(childEnv(settings, scratch, '/usr/bin')).toEqual({
      PATH: '/usr/bin',
      HOME: '/tmp/x/claude-1',
      CLAUDE_CONFIG_DIR: '/tmp/x/claude-1/.claude',
      ANTHROPIC_API_KEY: 'sk-secret',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
    });
  });

  it('turns built-in tools off and pre-approves only the mana MCP server', () => {
    const options = sessionOptions({
      settings,
      model: 'claude-haiku-4-5',
      scratch,
      abortController: new AbortController(),
      systemPrompt: 'p',
      maxTurns: 7,
      mcp: { url: 'http://mcp/mcp', headers: { Authorization: 'Bearer t', 'X-Mana-Space': 's' } },
    });
    expect(options).toMatchObject({
      tools: [],
      allowedTools: ['mcp__mana'],
      permissionMode: 'dontAsk',
      settingSources: [],
      persistSession: false,
      maxTurns: 7,
      mcpServers: { mana: { type: 'http', url: 'http://mcp/mcp', headers: { Authorization: 'Bearer t', 'X-Mana-Space': 's' } } },
    });
    expect(sessionOptions({ settings, model: 'm', scratch, abortController: new AbortController(), systemPrompt: 'p', maxTurns: 1 }).mcpServers).toEqual({});
  });
});

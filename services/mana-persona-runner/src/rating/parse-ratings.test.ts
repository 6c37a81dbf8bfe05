import { describe, expect, it } from 'vitest';
import { PARSE_ERROR_MODULE } from '@mana/contracts';
import { parseRatings } from './parse-ratings';

const used = ['todo', 'notes'];

describe('parseRatings', () => {
  it('reads strict JSON', () => {
    const raw = '{"ratings":[{"module":"todo","rating":4,"notes":"gut"},{"module":"notes","rating":2,"notes":"langsam"}]}';
    expect(parseRatings(raw, used)).toEqual([
      { module: 'todo', rating: 4, notes: 'gut', status: 'rated' },
      { module: 'notes', rating: 2, notes: 'langsam', status: 'rated' },
    ]);
  });

  it('tolerates code fences and prose around the JSON', () => {
    const raw = 'Hier meine Bewertung:\n```json\n{"ratings":[{"module":"todo","rating":5,"notes":"top {wirklich}"}]}\n```\nDanke!';
    expect(parseRatings(raw, used)).toEqual([{ module: 'todo', rating: 5, notes: 'top {wirklich}', status: 'rated' }]);
    const unfenced = 'Sure. {"ratings": [{"module": "notes", "rating": 3, "notes": "ok"}]} That is all.';
    expect(parseRatings(unfenced, used)).toEqual([{ module: 'notes', rating: 3, notes: 'ok', status: 'rated' }]);
  });

  it('drops modules not used that day and duplicates', () => {
    const raw = '{"ratings":[{"module":"calendar","rating":1,"notes":"?"},{"module":"TODO","rating":4,"notes":"a"},{"module":"todo","rating":1,"notes":"b"}]}';
    expect(parseRatings(raw, used)).toEqual([{ module: 'todo', rating: 4, notes: 'a', status: 'rated' }]);
  });

  it('clamps to 1-5 and rounds, reading numbers inside strings', () => {
    const raw = '{"ratings":[{"module":"todo","rating":7},{"module":"notes","rating":"3.6/5","notes":"x"}]}';
    expect(parseRatings(raw, used)).toEqual([
      { module: 'todo', rating: 5, notes: '', status: 'rated' },
      { module: 'notes', rating: 4, notes: 'x', status: 'rated' },
    ]);
    expect(parseRatings('[{"module":"todo","rating":0.2}]', used)[0]).toMatchObject({ rating: 1 });
  });

  it('turns an unparseable answer into one parse_error row with the raw text, never a rating', () => {
    for (const raw of ['Ich fand alles super, 5 Sterne!', '{"ratings": [{"module": "todo", "rating": 4', '{"rating": 4}']) {
      const rows = parseRatings(raw, used);
      expect(rows).toEqual([{ module: PARSE_ERROR_MODULE, notes: raw, status: 'parse_error' }]);
      expect(rows[0].rating).toBeUndefined();
    }
  });

  it('counts an answer that rates no used module as a parse error', () => {
    expect(parseRatings('{"ratings":[{"module":"calendar","rating":3}]}', used)[0].status).toBe('parse_error');
  });
});

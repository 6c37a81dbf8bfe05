import { derivePersonaPassword, DEV_PERSONA_SEED_SECRET } from '@mana/core';
import type { Database } from '@mana/db';

/**
 * Signs `emails` up through mana-auth's app (Better Auth, real password hashes; 8 at a time)
 * and makes them personas with the given archetype, prompt and cadence (todo, notes and
 * habits, UTC). The reliability suite's and the runner benches' population. Returns the user ids.
 */
export async function signUpPersonas(
  app: { request(path: string, init: RequestInit): Response | Promise<Response> },
  database: Database,
  emails: string[],
  persona: { archetype: string; systemPrompt: string; cadence: 'daily' | 'hourly' },
): Promise<string[]> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < emails.length) {
        const email = emails[next++]!;
        const signUp = () =>
          app.request('/api/auth/sign-up/email', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: derivePersonaPassword(DEV_PERSONA_SEED_SECRET, email), name: email.split('@')[0] }),
          });
        let res = await signUp();
        // mana-auth's password queue is full on a busy machine: wait as it says, like any client.
        for (let retries = 0; res.status === 503 && retries < 20; retries += 1) {
          await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after') ?? 1) * 1000));
          res = await signUp();
        }
        if (res.status !== 200) throw new Error(`sign-up ${email}: ${res.status} ${await res.text()}`);
      }
    }),
  );
  const list = JSON.stringify(emails);
  await database.query(`update users set kind = 'persona' where email in (select jsonb_array_elements_text($1::jsonb))`, [list]);
  const rows = await database.query<{ user_id: string }>(
    `insert into personas (user_id, archetype, system_prompt, module_mix, tick_cadence, time_zone, locale)
     select id, $2, $3, '{"todo": 3, "notes": 2, "habits": 1}'::jsonb, $4, 'UTC', 'de-DE'
     from users where email in (select jsonb_array_elements_text($1::jsonb)) returning user_id`,
    [list, persona.archetype, persona.systemPrompt, persona.cadence],
  );
  return rows.map((row) => row.user_id);
}

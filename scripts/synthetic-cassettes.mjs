// Writes the example project's cassettes (tests.d/cassettes/) with model and API answers written
// by hand, for a repository built where no model is reachable. It starts a scripted
// OpenAI-compatible server and a scripted social API on 127.0.0.1, runs `amas test --record`
// against them (so every request is exactly what amas sends), and marks each cassette
// `synthetic`. Re-run it after changing a prompt of the example: `npm run build &&
// node scripts/synthetic-cassettes.mjs`. To record real answers instead, see docs/testing.md.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SYNTHETIC = 'model and API answers written by hand, not recorded from a real endpoint; re-record with `amas test --record` against real endpoints (docs/testing.md)';

/** What the model answers, by capability (the llm executor names its json_schema after it). */
const ANSWERS = {
  create_content_calendar: {
    topics: ['Running agents in production: what breaks first'],
    keywords: ['multi-agent systems', 'observability', 'retries', 'idempotency'],
    rationale: 'Teams moving agents from demos to production search for failure modes before features.',
  },
  write_blog_post: {
    title: 'Running agents in production: what breaks first',
    content:
      'Agents fail in production in boring ways. A provider rate-limits you at nine in the morning. A tool call times out and is retried, and the retry creates a second invoice. A prompt change makes the planner skip a step nobody tested. ' +
      'None of this is exotic, and all of it is visible if you look: journal every step, make side effects idempotent, and replay recorded model answers in CI so that a changed prompt shows up as a failing test, not as a surprise in the logs. ' +
      'Start with observability: one event stream, one run record per workflow, token usage per step. Then retries with backoff that respect Retry-After. Then idempotency keys on every call that changes something outside. Finally, tests that run offline, so every pull request exercises the workflows without keys.',
    meta_description: 'What breaks first when multi-agent systems reach production, and the observability, retry and idempotency habits that keep them running.',
    tags: ['multi-agent systems', 'observability', 'production'],
    word_count: 131,
    reading_time: 1,
  },
  review_post: {
    approved: true,
    title: 'Running agents in production: what breaks first',
    content:
      'Agents fail in production in boring ways: rate limits, retried tool calls that double-charge, prompt changes that skip a step. Journal every step. Make side effects idempotent. Replay recorded model answers in CI so a changed prompt fails a test instead of surprising you in the logs.',
    notes: ['Shortened the opening.', 'Active voice throughout.'],
  },
  create_social_content: {
    content: 'Agents rarely fail in exotic ways in production: rate limits, retried side effects, untested prompt changes. What to watch first, and how to test workflows offline in CI. Read more on the blog.',
    character_count: 196,
    hashtags: ['#multiagent', '#observability', '#production'],
    suggested_posting_time: 'Tuesday 09:00 CET',
  },
  analyze_performance: {
    performance_report: { period: 'week', total_interactions: 1342, engagement_rate: 0.041, best_platform: 'linkedin' },
    insights: ['LinkedIn posts with a diagram drew three times the comments of text-only posts.', 'Engagement on twitter peaked on Tuesday mornings.'],
    recommendations: ['Post the weekly deep dive on LinkedIn on Tuesday at 09:00.', 'Add one diagram to every technical post.', 'Answer the 12 pending comments within a day.'],
  },
};

/** What the social API answers (POST /engagement). */
const ENGAGEMENT = {
  engagement_summary: { total_interactions: 1342, comments: 87, mentions: 23, by_platform: { twitter: 512, linkedin: 830 } },
  pending_responses: 12,
  auto_responses_sent: 0,
};

function listen(handler) {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const [status, answer] = handler(req, body);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

const llm = await listen((_req, body) => {
  const name = JSON.parse(body).response_format?.json_schema?.name;
  const answer = ANSWERS[name];
  if (!answer) return [400, { error: { message: `no hand-written answer for ${name}` } }];
  return [200, { id: 'chatcmpl-synthetic', object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(answer) }, finish_reason: 'stop' }], usage: { prompt_tokens: 120, completion_tokens: 180 } }];
});
const social = await listen((req) => (req.url === '/engagement' ? [200, ENGAGEMENT] : [404, { error: 'not found' }]));

// An asynchronous child: spawnSync would block this process's servers.
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'amas'), 'test', root, '--record', '--jobs', '1'], {
    stdio: 'inherit',
    env: { ...process.env, LLM_BASE_URL: `${llm.url}/v1`, CMS_BASE_URL: 'http://cms.invalid', SOCIAL_API_URL: social.url },
  });
  child.on('close', resolve);
});
llm.server.close();
social.server.close();
if (code !== 0) process.exit(code ?? 1);

for (const name of ['content-pipeline', 'social-report']) {
  const file = path.join(root, 'tests.d', 'cassettes', `${name}.json`);
  const cassette = JSON.parse(readFileSync(file, 'utf8'));
  const { version, test, ...rest } = cassette;
  writeFileSync(file, `${JSON.stringify({ version, test, synthetic: SYNTHETIC, ...rest }, null, 2)}\n`);
  console.log(`marked ${path.relative(root, file)} synthetic`);
}

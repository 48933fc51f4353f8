// The repository's example project end to end through the real CLI (issue 5 §6): its content
// pipeline and social report against a real local server speaking the OpenAI chat-completions
// protocol (schema-valid answers per capability), a CMS and a social API; then the secrets are
// looked for in every file amas wrote and in everything it printed. Without an LLM configured,
// `amas validate` only warns and the offline repo-health workflow still completes.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendJson, startServer, type Recorded } from '../unit/executors/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const LLM_KEY = 'sk-example-llm-5d1e7a90c3';
const CMS_TOKEN = 'cms-token-b84f02e6aa17';
const SOCIAL_TOKEN = 'social-token-3c9d51f0e2';
const TOKENS_PER_CALL = { prompt_tokens: 120, completion_tokens: 80 };

/** One schema-valid answer for each llm capability of the example (agents.d/*.yaml). */
const ANSWERS: Record<string, unknown> = {
  create_content_calendar: { topics: ['Supervising agents in production'], keywords: ['multi-agent', 'observability'], rationale: 'Readers run agents and need to watch them.' },
  write_blog_post: {
    title: 'Supervising agents in production',
    content: 'Agents fail. Plan for it: retries, budgets and a journal.',
    meta_description: 'How to keep a multi-agent system healthy in production.',
    tags: ['agents', 'operations'],
    word_count: 11,
    reading_time: 1,
  },
  review_post: { approved: true, title: 'Supervising agents in production (edited)', content: 'Agents fail. Plan for it.', notes: [] },
  create_social_content: { content: 'New post: keeping agents healthy in production. #agents', character_count: 56, hashtags: ['#agents'], suggested_posting_time: 'Tuesday 09:00' },
  analyze_performance: { performance_report: { engagement: 42 }, insights: ['LinkedIn outperforms Twitter'], recommendations: ['Post on Tuesdays'] },
};

let srv: Awaited<ReturnType<typeof startServer>>;
let tokensPerCall = TOKENS_PER_CALL;

/**
 * The writer ↔ editor loop, scripted: the editor sends the first draft back with a note, the
 * writer's second draft (asked with that note) is shorter, and the editor approves it.
 */
const FIRST_DRAFT_REVIEW = { approved: false, title: 'Supervising agents in production', content: 'Agents fail. Plan for it: retries, budgets and a journal.', notes: ['shorter'] };

function answerFor(name: string, raw: string): unknown {
  if (name === 'write_blog_post' && raw.includes('shorter')) return { ...(ANSWERS[name] as object), content: 'Agents fail. Plan for it.', word_count: 5 };
  if (name === 'review_post' && raw.includes('retries, budgets and a journal')) return FIRST_DRAFT_REVIEW;
  return ANSWERS[name];
}

function chat(req: Recorded, res: ServerResponse): void {
  const body = JSON.parse(req.body) as { response_format?: { json_schema?: { name?: string } } };
  const name = body.response_format?.json_schema?.name ?? '';
  const answer = answerFor(name, req.body);
  if (req.headers.authorization !== `Bearer ${LLM_KEY}` || answer === undefined) {
    return sendJson(res, 400, { error: { message: `unexpected request for "${name}"` } });
  }
  sendJson(res, 200, {
    id: `chatcmpl-${srv.requests.length}`,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(answer) }, finish_reason: 'stop' }],
    usage: { ...tokensPerCall, total_tokens: tokensPerCall.prompt_tokens + tokensPerCall.completion_tokens },
  });
}

beforeAll(async () => {
  srv = await startServer((req, res) => {
    if (req.url === '/v1/chat/completions') return chat(req, res);
    // A careless CMS and social API echo the request's credentials back: redaction must hold anyway.
    if (req.url === '/cms/posts') return sendJson(res, 201, { id: 'post-1', authorization: req.headers.authorization, received: JSON.parse(req.body) as unknown });
    if (req.url === '/social/engagement') {
      return sendJson(res, 200, { engagement_summary: { likes: 10 }, pending_responses: [], auto_responses_sent: 0, seen_with: req.headers.authorization });
    }
    return sendJson(res, 404, { error: `no route ${req.url}` });
  });
});
afterAll(() => srv.close());

const tmps: string[] = [];
afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amas-example-'));
  tmps.push(dir);
  for (const p of ['amas.yaml', 'agents.d', 'workflows.d']) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  return dir;
}

/** The environment without anything of the host that the example reads. */
function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  for (const k of ['LLM_BASE_URL', 'LLM_API_KEY', 'CMS_BASE_URL', 'CMS_TOKEN', 'SOCIAL_API_URL', 'SOCIAL_API_TOKEN']) delete env[k];
  return env;
}

function onlineEnv(): Record<string, string | undefined> {
  return {
    ...baseEnv(),
    LLM_BASE_URL: `${srv.url}/v1`,
    LLM_API_KEY: LLM_KEY,
    CMS_BASE_URL: `${srv.url}/cms`,
    CMS_TOKEN,
    SOCIAL_API_URL: `${srv.url}/social`,
    SOCIAL_API_TOKEN: SOCIAL_TOKEN,
  };
}

/** The real CLI, spawned asynchronously so that this process's servers keep answering. */
function amas(args: string[], env: Record<string, string | undefined>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: tmpdir() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function expectNoSecrets(dir: string, printed: string): void {
  const written = filesUnder(join(dir, '.amas'));
  expect(written.length).toBeGreaterThan(0);
  for (const secret of [LLM_KEY, CMS_TOKEN, SOCIAL_TOKEN]) {
    expect(printed.includes(secret), `the CLI printed ${secret}`).toBe(false);
    for (const f of written) expect(readFileSync(f).toString('latin1').includes(secret), `${f} holds ${secret}`).toBe(false);
  }
}

interface RunJson {
  status: string;
  outputs: Record<string, unknown> | null;
  error: unknown;
  steps: Record<string, { status: string; output?: unknown }>;
}

describe('with a local OpenAI-compatible server, CMS and social API', () => {
  test('content-pipeline: plan → draft ↔ review until approved (a repeated sub-workflow) → a person approves → publish + one post per platform', async () => {
    const dir = copyExample();
    const from = srv.requests.length;
    const parked = await amas(['run', 'content-pipeline', dir, '--json'], onlineEnv());
    const waiting = JSON.parse(parked.stdout) as RunJson & { id: string; waiting: string[] };
    // The run waits for a person before anything is published.
    expect(waiting.status, parked.stderr).toBe('running');
    expect(waiting.waiting).toEqual(['review']);
    expect(waiting.steps['review']!.status).toBe('waiting');
    expect(srv.requests.slice(from).filter((q) => q.url === '/cms/posts')).toHaveLength(0);
    const listed = await amas(['runs', 'approvals', dir, '--json'], onlineEnv());
    expect(JSON.parse(listed.stdout)).toMatchObject([{ runId: waiting.id, stepId: 'review', prompt: 'Publish “Supervising agents in production (edited)”?' }]);

    // Answered with no `amas up` running: the run continues in the answering process.
    const r = await amas(['runs', 'approve', waiting.id, 'review', dir, '--comment', 'ship it', '--json', '--quiet'], onlineEnv());
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { run: { status: string } }).run.status).toBe('completed');
    const shown = await amas(['runs', 'show', waiting.id, dir, '--json'], onlineEnv());
    const run = JSON.parse(shown.stdout) as RunJson;
    expect(run.status, shown.stderr).toBe('completed');
    const post = ANSWERS.create_social_content;
    expect(run.outputs).toEqual({ title: 'Supervising agents in production', approved: true, published: true, posts: [post, post] });
    expect(Object.fromEntries(Object.entries(run.steps).map(([k, s]) => [k, s.status]))).toEqual({
      plan: 'completed',
      draft: 'completed',
      review: 'completed',
      publish: 'completed',
      social: 'completed',
    });
    expect(run.steps['review']!.output).toMatchObject({ approved: true, comment: 'ship it' });

    const seen = srv.requests.slice(from);
    const asked = seen.filter((q) => q.url === '/v1/chat/completions').map((q) => (JSON.parse(q.body) as { response_format: { json_schema: { name: string } } }).response_format.json_schema.name);
    // Two rounds of writer ↔ editor (the first draft was sent back), one post per platform.
    expect(asked.sort()).toEqual(['create_content_calendar', 'create_social_content', 'create_social_content', 'review_post', 'review_post', 'write_blog_post', 'write_blog_post']);
    const drafts = seen.filter((q) => q.body.includes('"write_blog_post"'));
    expect(drafts[0]!.body).not.toContain('shorter');
    expect(drafts[1]!.body).toContain('shorter');
    const platforms = seen.filter((q) => q.body.includes('"create_social_content"')).map((q) => /Write a (\w+) post/.exec(q.body)?.[1]);
    expect(platforms.sort()).toEqual(['linkedin', 'twitter']);
    // The prompts carry the earlier steps' outputs.
    const draftReq = seen.find((q) => q.body.includes('"write_blog_post"'))!;
    expect(draftReq.body).toContain('Supervising agents in production');
    expect(draftReq.body).toContain('multi-agent, observability');

    const posts = seen.filter((q) => q.url === '/cms/posts');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.method).toBe('POST');
    expect(posts[0]!.headers.authorization).toBe(`Bearer ${CMS_TOKEN}`);
    expect(JSON.parse(posts[0]!.body)).toEqual({ title: 'Supervising agents in production (edited)', body: 'Agents fail. Plan for it.', tags: ['agents', 'operations'] });
    // The CMS's echo of the token reached the step output only masked.
    expect(run.steps['publish']!.output).toMatchObject({ id: 'post-1', authorization: 'Bearer ***' });

    expectNoSecrets(dir, parked.stdout + parked.stderr + r.stdout + r.stderr + shown.stdout);
  }, 90_000);

  test('social-report: engagement from the social API, then the analysis', async () => {
    const dir = copyExample();
    const from = srv.requests.length;
    const r = await amas(['run', 'social-report', dir, '--json', '--input', 'platforms=["linkedin"]'], onlineEnv());
    const run = JSON.parse(r.stdout) as RunJson;
    expect(run.status, r.stderr).toBe('completed');
    expect(r.status).toBe(0);
    expect(run.outputs).toEqual({ insights: ['LinkedIn outperforms Twitter'], recommendations: ['Post on Tuesdays'] });
    const seen = srv.requests.slice(from);
    const engagement = seen.find((q) => q.url === '/social/engagement')!;
    expect(engagement.headers.authorization).toBe(`Bearer ${SOCIAL_TOKEN}`);
    expect(JSON.parse(engagement.body)).toEqual({ platforms: ['linkedin'], response_types: ['comments', 'mentions'], auto_respond: false });
    const analysis = seen.find((q) => q.url === '/v1/chat/completions')!;
    expect(analysis.body).toContain('on linkedin for the metrics engagement');
    expectNoSecrets(dir, r.stdout + r.stderr);
  });

  test('token usage counts toward budget.tokens: completions reporting 150k tokens each stop content-pipeline (200k) as budget_exceeded', async () => {
    const dir = copyExample();
    tokensPerCall = { prompt_tokens: 100_000, completion_tokens: 50_000 };
    try {
      const r = await amas(['run', 'content-pipeline', dir, '--json'], onlineEnv());
      const run = JSON.parse(r.stdout) as RunJson;
      expect(run.status, r.stderr).toBe('budget_exceeded');
      expect(String(run.error)).toContain('token budget of 200000 exceeded (300000 used)');
      expect(run.steps['plan']!.status).toBe('completed');
      expect(run.steps['publish']?.status).not.toBe('completed');
      expect(r.status).toBe(1);
    } finally {
      tokensPerCall = TOKENS_PER_CALL;
    }
  });
});

describe('without an LLM configured', () => {
  test('amas validate exits 0 with secret-not-set warnings', async () => {
    const dir = copyExample();
    const r = await amas(['validate', dir, '--json'], baseEnv());
    expect(r.status).toBe(0);
    const { diagnostics, summary } = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string; message: string }[]; summary: { errors: number } };
    expect(summary.errors).toBe(0);
    const unset = diagnostics.filter((d) => d.code === 'AMAS601').map((d) => d.message);
    expect(unset).toEqual(expect.arrayContaining([expect.stringContaining('`LLM_API_KEY`'), expect.stringContaining('`CMS_TOKEN`')]));
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  test('the offline repo-health workflow still completes', async () => {
    const dir = copyExample();
    const r = await amas(['run', 'repo-health', dir, '--json'], baseEnv());
    const run = JSON.parse(r.stdout) as RunJson;
    expect(run.status, r.stderr).toBe('completed');
    expect(r.status).toBe(0);
    expect(run.outputs).toMatchObject({ report: '.amas/reports/health.md' });
    expect(readFileSync(join(dir, '.amas', 'reports', 'health.md'), 'utf8')).toMatch(/^#/);
  });
});

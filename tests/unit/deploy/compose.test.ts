// compose.yaml: the default profile (amas on its embedded store, Prometheus, Grafana) and the
// `scale-out` profile (PostgreSQL, one `amas up --no-work`, N `amas worker`s). Compose interpolates
// every service before it applies profiles, so the variables a scale-out service requires (`:?`)
// would be required by the default profile too: the test keeps the required set equal in both.
// Where the Docker Compose plugin is installed, `docker compose config` must accept both profiles.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../../..');
const TEXT = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');

interface Service {
  profiles?: string[];
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: string | number };
  ports?: string[];
  networks?: Record<string, { aliases?: string[] }>;
}
const COMPOSE = parse(TEXT) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = Object.entries(COMPOSE.services);
const inProfile = (p: string) => services.filter(([, s]) => s.profiles?.includes(p)).map(([n]) => n);
const always = services.filter(([, s]) => !s.profiles).map(([n]) => n);

/** `${NAME…}` references in a service's YAML text, with the form each uses. */
function references(value: unknown): { name: string; form: 'required' | 'default' | 'bare' }[] {
  const out: { name: string; form: 'required' | 'default' | 'bare' }[] = [];
  for (const m of JSON.stringify(value).matchAll(/\$\{([A-Z0-9_]+)(:\?|:-|\?|-)?[^}]*\}/g)) {
    out.push({ name: m[1]!, form: m[2]?.includes('?') ? 'required' : m[2] ? 'default' : 'bare' });
  }
  return out;
}
const required = (names: string[]) => new Set(names.flatMap((n) => references(COMPOSE.services[n]).filter((r) => r.form === 'required').map((r) => r.name)));
const dependsOn = (s: Service) => (Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {}));
const env = (s: Service) => s.environment ?? {};

describe('compose.yaml', () => {
  it('keeps the default profile as it was: amas on its embedded store, Prometheus, Grafana', () => {
    expect(always.sort()).toEqual(['amas', 'grafana', 'prometheus']);
    const amas = COMPOSE.services.amas!;
    expect(amas.command).toEqual(['up', '/data', '--no-tui', '--http', '0.0.0.0:8000']);
    expect(env(amas).AMAS_STORE_URL).toBeUndefined();
    // One replica unless the scale-out profile's amas-up takes its place.
    expect(amas.deploy?.replicas).toBe('${AMAS_EMBEDDED_REPLICAS:-1}');
    // A default service never depends on one a profile may leave out.
    for (const n of always) for (const d of dependsOn(COMPOSE.services[n]!)) expect(always, `${n} depends on ${d}`).toContain(d);
  });

  it('scale-out: PostgreSQL with a health check and a volume, one amas up --no-work, N workers', () => {
    expect(inProfile('scale-out').sort()).toEqual(['amas-up', 'amas-worker', 'postgres']);
    const pg = COMPOSE.services.postgres!;
    expect(pg.image).toMatch(/^postgres:\d+/);
    expect(pg.healthcheck?.test.join(' ')).toContain('pg_isready -U amas -d amas');
    expect(pg.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(COMPOSE.volumes)).toContain('postgres-data');
    expect(env(pg)).toMatchObject({ POSTGRES_USER: 'amas', POSTGRES_DB: 'amas', POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:-}' });

    const url = 'postgres://amas:${POSTGRES_PASSWORD:-}@postgres:5432/amas';
    const up = COMPOSE.services['amas-up']!;
    expect(up.command).toEqual(['up', '/data', '--no-tui', '--no-work', '--http', '0.0.0.0:8000']);
    expect(env(up).AMAS_STORE_URL).toBe(url);
    expect(up.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    // Same port and, for Prometheus (deploy/prometheus.yml scrapes amas:8000), the same name as amas.
    expect(up.ports).toEqual(COMPOSE.services.amas!.ports);
    expect(up.networks?.default?.aliases).toEqual(['amas']);

    const worker = COMPOSE.services['amas-worker']!;
    expect(worker.command).toEqual(['worker', '/data', '--concurrency', '8']);
    expect(worker.deploy?.replicas).toBe('${AMAS_WORKERS:-2}');
    expect(env(worker).AMAS_STORE_URL).toBe(url);
    expect(worker.ports).toBeUndefined();
    expect(worker.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    // Workers and amas up run the same project files with the same model credentials.
    for (const k of ['LLM_BASE_URL', 'LLM_API_KEY']) expect(env(worker)[k]).toBe(env(COMPOSE.services.amas!)[k]);
    expect(worker.volumes).toEqual(COMPOSE.services.amas!.volumes);
  });

  it('the scale-out profile requires no variable the default profile does not (compose interpolates all services)', () => {
    expect([...required(inProfile('scale-out'))].filter((n) => !required(always).has(n))).toEqual([]);
    // Every reference says what happens when it is unset: a default, or a message.
    for (const [n, s] of services) expect(references(s).filter((r) => r.form === 'bare'), n).toEqual([]);
  });

  const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  it.skipIf(compose.status !== 0)('docker compose config accepts both profiles', () => {
    const envs = { ...process.env, AMAS_API_KEY: 'k'.repeat(24), GRAFANA_ADMIN_PASSWORD: 'g'.repeat(12), POSTGRES_PASSWORD: 'p'.repeat(24) };
    for (const args of [['config', '-q'], ['--profile', 'scale-out', 'config', '-q']]) {
      const r = spawnSync('docker', ['compose', '-f', join(ROOT, 'compose.yaml'), ...args], { encoding: 'utf8', env: envs });
      expect(r.status, r.stderr).toBe(0);
    }
  });
});

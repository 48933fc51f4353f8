// Summarises the recorded performance of published posts (agents.d/data/post-metrics.json) by
// topic: engagement rate (engagements / impressions), clicks, posts. Reads its input as JSON on
// stdin ({ platform?, weeks?, top? }) and prints one JSON object. Needs nothing but Node.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'post-metrics.json');

const raw = fs.readFileSync(0, 'utf8').trim();
const input = raw === '' ? {} : JSON.parse(raw);
const { posts } = JSON.parse(fs.readFileSync(DATA, 'utf8'));

const weeks = [...new Set(posts.map((p) => p.week))].sort();
const recent = new Set(weeks.slice(-(input.weeks ?? weeks.length)));
const chosen = posts.filter((p) => recent.has(p.week) && (input.platform === undefined || p.platform === input.platform));

const byTopic = new Map();
for (const p of chosen) {
  const t = byTopic.get(p.topic) ?? { topic: p.topic, posts: 0, impressions: 0, engagements: 0, clicks: 0 };
  t.posts += 1;
  t.impressions += p.impressions;
  t.engagements += p.engagements;
  t.clicks += p.clicks;
  byTopic.set(p.topic, t);
}
const rate = (t) => (t.impressions === 0 ? 0 : t.engagements / t.impressions);
const topics = [...byTopic.values()]
  .map((t) => ({ ...t, engagement_rate: Math.round(rate(t) * 10000) / 10000 }))
  .sort((a, b) => b.engagement_rate - a.engagement_rate || a.topic.localeCompare(b.topic));
const top = input.top ?? 3;

process.stdout.write(
  `${JSON.stringify({
    period: chosen.length === 0 ? null : { from: [...recent][0], to: [...recent].at(-1) },
    platform: input.platform ?? 'all',
    posts: chosen.length,
    best_topics: topics.slice(0, top),
    weakest_topics: topics.slice(-top).reverse(),
  })}\n`,
);

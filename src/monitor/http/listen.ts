import net from 'node:net';
import { AmasError } from '../../core/index.ts';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `host:port`, `[v6]:port`, `:port` (all interfaces) or a bare port (loopback). */
export function parseListen(text: string): ListenAddress {
  const bad = () =>
    new AmasError('AMAS_HTTP_LISTEN', `invalid HTTP listen address "${text}"`, { exitCode: 2, hint: 'use host:port, e.g. 127.0.0.1:8000 or 0.0.0.0:8000' });
  const t = text.trim();
  let host: string;
  let portText: string;
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(t);
  if (v6) {
    host = v6[1]!;
    portText = v6[2]!;
  } else if (/^\d+$/.test(t)) {
    host = '127.0.0.1';
    portText = t;
  } else {
    const i = t.lastIndexOf(':');
    if (i < 0) throw bad();
    host = t.slice(0, i) || '0.0.0.0';
    portText = t.slice(i + 1);
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw bad();
  return { host, port };
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) return host === '::1' || /^::ffff:127\./i.test(host);
  return false;
}

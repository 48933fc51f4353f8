import { describe, expect, it } from 'vitest';
import { buildUrl, componentAt } from '../../../src/agents/executors/url.ts';

const scope = { input: { id: '../../x?y=1#f', dots: '..', q: 'a&b=c d', base: 'http://h:1/api?k=1', host: 'evil.com/x?', n: 7 } };
const url = (t: string, raw = false) => buildUrl(t, { scope }, raw);

describe('http URL rendering', () => {
  it('judges the component from the text before a value', () => {
    expect(['', 'https://h', 'https://h/', 'https://h/a?x=', 'https://h/a?x=1#'].map(componentAt)).toEqual(['base', 'authority', 'path', 'query', 'fragment']);
  });

  it('encodes a value for its path segment, query value or fragment', () => {
    expect(url('http://h/items/${{ input.id }}')).toBe('http://h/items/..%2F..%2Fx%3Fy%3D1%23f');
    expect(url('http://h/s?q=${{ input.q }}&n=${{ input.n }}#${{ input.q }}')).toBe('http://h/s?q=a%26b%3Dc%20d&n=7#a%26b%3Dc%20d');
    expect(url('https://${{ input.host }}/p')).toBe('https://evil.com%2Fx%3F/p');
  });

  it('takes a leading value as the base URL and judges what follows from it', () => {
    expect(url('${{ input.base }}')).toBe('http://h:1/api?k=1');
    expect(url('${{ input.base }}&x=${{ input.q }}')).toBe('http://h:1/api?k=1&x=a%26b%3Dc%20d');
  });

  it('escapes dots inside a segment and refuses a value that is a whole dot segment', () => {
    expect(url('http://h/a/v${{ input.dots }}/b')).toBe('http://h/a/v%2E%2E/b');
    expect(() => url('http://h/a/${{ input.dots }}/b')).toThrow(/would climb the URL path/);
    expect(() => url('http://h/a/${{ input.dots }}')).toThrow(/would climb the URL path/);
  });

  it('url_raw passes values as rendered', () => {
    expect(url('http://h/items/${{ input.id }}', true)).toBe('http://h/items/../../x?y=1#f');
  });
});

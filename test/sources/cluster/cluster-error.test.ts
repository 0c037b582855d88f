// One line per failure: server URLs fit to print, and watch timeouts that do not blame --request-timeout.
import { describe, expect, it } from 'vitest';
import { ReadTimeout, describeRequestError, redactServer } from '../../../src/sources/cluster/cluster-error.js';

describe('redactServer', () => {
  it.each([
    ['https://alice:s3cret@k8s.example:6443', 'https://alice:***@k8s.example:6443'],
    ['https://ghp_tokenlike@k8s.example', 'https://***@k8s.example'],
    ['https://k8s.example:6443?access_token=abc#frag', 'https://k8s.example:6443'],
    ['https://rancher.example/k8s/clusters/c-1?token=abc', 'https://rancher.example/k8s/clusters/c-1'],
    ['https://k8s.example/', 'https://k8s.example/'],
    ['not a url //bob:pw@host?x=1', 'not a url //***@host'],
  ])('%s -> %s', (server, printed) => {
    expect(redactServer(server)).toBe(printed);
  });
});

describe('describeRequestError', () => {
  const request = { verb: 'watch', resource: 'pods', namespace: 'shop', server: 'https://u:pw@k8s.example', user: 'alice', timeoutMs: 0 } as const;

  it('a silent watch says so, with the server masked', () => {
    expect(describeRequestError(new ReadTimeout(0), request).message).toBe('the watch of pods in namespace shop on https://u:***@k8s.example went silent');
  });

  it('a quoted reason never carries URL credentials or queries', () => {
    const error = new Error('proxy said no to https://u:pw@k8s.example/api?access_token=abc today');
    expect(describeRequestError(error, { ...request, verb: 'list' }).message).toBe(
      'cannot reach the cluster at https://u:***@k8s.example (proxy said no to https://***@k8s.example/api today)',
    );
  });

  it('a watch timeout (a DOMException, whose legacy code is 23) is no HTTP status', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(timeout.code).toBe(23);
    const message = describeRequestError(timeout, { ...request, namespace: undefined }).message;
    expect(message).toBe('the watch of pods cluster-wide on https://u:***@k8s.example went silent');
    expect(message).not.toContain('HTTP');
    const list = describeRequestError(new DOMException('aborted', 'AbortError'), { ...request, verb: 'list', timeoutMs: 5000 }).message;
    expect(list).toBe('no answer from https://u:***@k8s.example within 5s (--request-timeout)');
  });

  it('an HTTP status during a watch says watching, not listing', () => {
    const error = Object.assign(new Error('HTTP 500'), { code: 500 });
    expect(describeRequestError(error, request).message).toBe('watching pods in namespace shop failed: HTTP 500 from https://u:***@k8s.example');
  });
});

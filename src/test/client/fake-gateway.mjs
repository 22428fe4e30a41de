// A WebSocket class that plays the gateway for one connection, as contract sections 3 to 5 say:
// `connected` first, `subscribed` to each subscribe (with its id), then one stored event of the job.
// Handed to the client as options.WebSocket, so the client runs unchanged, without a server.

export const JOB = 'report-42';

export function fakeGateway() {
  const sockets = [];
  const sent = [];

  class FakeWebSocket {
    constructor(url) {
      this.url = url;
      sockets.push(this);
      this.receive({ type: 'connected', connectionId: 'c-1', clientId: 'acme', heartbeatIntervalMs: 30000,
        heartbeatTimeoutMs: 60000, serverTime: new Date().toISOString() });
    }

    send(text) {
      const request = JSON.parse(text);
      sent.push(request);
      if (request.type === 'subscribe') {
        this.receive({ type: 'subscribed', room: 'job:' + request.jobId, jobId: request.jobId, recovered: true,
          epoch: 'e-1', id: request.id });
        this.receive({ type: 'job.progress', jobId: request.jobId, seq: 1, epoch: 'e-1', status: 'processing',
          timestamp: new Date().toISOString(), clientId: 'acme', data: { progress: 50, message: 'half way' } });
      }
    }

    close() {
      this.closed = true;
    }

    receive(message) {
      setTimeout(() => {
        if (!this.closed && this.onmessage) this.onmessage({ data: JSON.stringify(message) });
      }, 0);
    }
  }

  return { FakeWebSocket, sockets, sent };
}

/**
 * Connects a client of class `Client` to a fake gateway, subscribes to JOB and resolves with what it
 * saw: the socket's URL, the states, the event, the requests sent. Closes the client after its event.
 */
export function firstEvent(Client) {
  const gateway = fakeGateway();
  return new Promise((resolve, reject) => {
    const client = new Client({ url: 'ws://gateway.test/jobs', WebSocket: gateway.FakeWebSocket });
    const states = [];
    client.on('state', (s) => states.push(s.state + ' ' + s.transport));
    client.on('error', reject);
    client.on('event', (event) => {
      client.close();
      resolve({ url: gateway.sockets[0].url, states, event: event.seq + ' ' + event.type + ' ' + event.jobId,
        sent: gateway.sent.map((r) => r.type + ' ' + r.jobId + ' since ' + r.since) });
    });
    client.subscribe({ jobId: JOB, since: 0 }).catch(reject);
  });
}

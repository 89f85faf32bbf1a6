import { connect } from 'node:net';

/**
 * Writes `head` on a new connection and, once `later` settles, `tail` with a half-close (as the fuzz's
 * raw cases end); resolves with everything the server sent, when it closes the connection.
 */
export function rawExchange(port: number, head: string, tail = '', later: Promise<unknown> = Promise.resolve()): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', () => undefined);
    socket.write(head);
    void later.then(() => socket.end(tail));
  });
}

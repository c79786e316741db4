/** bench:sockets' client ends: connects N sockets and reads them. */
import net from 'node:net';

const [port, n] = process.argv.slice(2).map(Number) as [number, number];
const sockets: net.Socket[] = [];
for (let i = 0; i < n; i++) {
  const s = net.connect(port, '127.0.0.1');
  s.on('data', () => {});
  s.on('error', () => {});
  sockets.push(s);
}

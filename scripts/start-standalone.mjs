// npm start: runs the built standalone server (PORT defaults to 20001).
import { spawn } from 'node:child_process';
process.env.PORT ??= '20001';
const child = spawn(process.execPath, ['.next/standalone/server.js'], { stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));

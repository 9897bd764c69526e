// The ceiling for comparison: a bare Fastify 5 answering the same /healthz body, no plugins.
import Fastify from 'fastify';

const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 18081) });

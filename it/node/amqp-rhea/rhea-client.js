// Drives rhea, a Node.js AMQP 1.0 client, against Junction for AmqpRheaIT.
//   node rhea-client.js <port> send <address> <count>      sends "rhea-<i>" (amqp-value strings), durable, each settled
//   node rhea-client.js <port> receive <address> <count>   prints each received body on its own line, accepts each
// Exits 0 when done, 1 on any error (printed to stderr), 2 when nothing arrives within 15 s.
'use strict';
const rhea = require('rhea');

const [port, mode, address, countText] = process.argv.slice(2);
const count = parseInt(countText, 10);
const container = rhea.create_container({ id: 'rhea-it' });
const timer = setTimeout(() => {
  console.error('timed out');
  process.exit(2);
}, 15000);

function done(connection) {
  clearTimeout(timer);
  connection.close();
}

container.on('connection_open', (context) => {
  if (mode === 'send') {
    context.connection.open_sender({ target: { address } });
  } else {
    context.connection.open_receiver({ source: { address }, autoaccept: true, credit_window: 10 });
  }
});

let sent = 0;
let confirmed = 0;
container.on('sendable', (context) => {
  while (context.sender.sendable() && sent < count) {
    context.sender.send({ body: 'rhea-' + sent, durable: true, application_properties: { index: sent } });
    sent++;
  }
});
container.on('accepted', (context) => {
  if (++confirmed === count) {
    done(context.connection);
  }
});
container.on('rejected', (context) => {
  console.error('rejected: ' + JSON.stringify(context.delivery.remote_state));
  process.exit(1);
});

let received = 0;
container.on('message', (context) => {
  const body = context.message.body;
  console.log(typeof body === 'string' ? body : Buffer.from(body.content || body).toString('utf8'));
  if (++received === count) {
    done(context.connection);
  }
});

container.on('error', (context) => {
  console.error('error: ' + (context.error || context.connection.error));
  process.exit(1);
});
container.on('disconnected', (context) => {
  if (context.error) {
    console.error('disconnected: ' + context.error);
    process.exit(1);
  }
});

container.connect({ host: '127.0.0.1', port: parseInt(port, 10), reconnect: false });

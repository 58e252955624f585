// trace_events and the inspector's tracing (what DevTools uses) run on the tracing agent
// that node's own per-process platform owns.
// (Enabling a category writes node_trace.1.log in the working directory: test_node_cli
// does that in a scratch folder.)
const traceEvents = require('trace_events');
console.log(traceEvents.getEnabledCategories());

const inspector = require('inspector');
const session = new inspector.Session();
session.connect();
let collected = 0;
session.on('NodeTracing.dataCollected', (message) => { collected += message.params.value.length; });
session.post('NodeTracing.start', { traceConfig: { includedCategories: ['node.perf'] } }, (error) => {
  performance.mark('traced');
  session.post('NodeTracing.stop', () => {
    console.log('inspector tracing:', error, collected > 0);
    session.disconnect();
  });
});

'use strict';
// One crossing: the whole array goes to Python (copied), which loops and returns the total.
const { python } = require('twinhost');
const { numbers } = require('./inputs.js');

python.exec(`
def _interop_callback_total(xs):
    total = 0
    for x in xs:
        total = (total + x * x % 1000003) % 1000000007
    return total
`);
const total = python.eval('_interop_callback_total');

const run = (n) => total(numbers(n));

module.exports = { run };

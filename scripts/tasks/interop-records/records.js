'use strict';
// records.py, loaded into this Host's Python once (by path: no sys.path change).
const path = require('path');
const { python } = require('twinhost');

python.exec(`
import importlib.util as _util
_spec = _util.spec_from_file_location('interop_records', ${JSON.stringify(path.join(__dirname, 'records.py'))})
interop_records = _util.module_from_spec(_spec)
_spec.loader.exec_module(interop_records)
del _util, _spec
`);

module.exports = python.eval('interop_records');

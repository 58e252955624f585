'use strict';
// Python's sqlite3 and datetime driven from JS through proxies: rows as objects (keys,
// JSON), dates computed and checked with isinstance.
const { python } = require('twinhost');

const sqlite3 = python.import('sqlite3');
const db = sqlite3.connect(':memory:');
db.row_factory = sqlite3.Row;
db.execute('create table fruit (name text, n integer)');
db.executemany('insert into fruit values (?, ?)', [['apple', 3], ['pear', 5]]);
const rows = db.execute('select name, n from fruit order by n desc').fetchall();
console.log('rows', rows.length, Object.keys(rows[0]), rows[0].name, rows[0].n);
console.log('json', JSON.stringify(rows));
console.log('entries', JSON.stringify(Object.entries(rows[1])));
db.close();

const datetime = python.import('datetime');
const d = datetime.date(2024, 2, 28);
const next = d.__add__(datetime.timedelta(python.kwargs({ days: 2 })));
console.log('date', next.isoformat(), python.isinstance(next, datetime.date),
  python.isinstance(next, datetime.datetime), next.weekday());
const stamp = datetime.datetime(2024, 1, 1, 12, 30, python.kwargs({ tzinfo: datetime.timezone.utc }));
console.log('datetime', String(stamp), stamp.timestamp(), 'year' in stamp, stamp === stamp);

require('node:http');
JSON.stringify({ loaded: true });
console.log('hello');

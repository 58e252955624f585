import http.server
import json

json.dumps({'loaded': True})
print('hello', flush=True)

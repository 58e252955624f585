import json
from_file = json.loads('{"n": 41}')["n"] + 1
file_seen = __file__

"""Real libraries through proxies, as a user would drive them: an acorn AST walked from
Python, Python's sqlite3 and datetime from JS, express's app and router from Python (with
one request over loopback)."""
import unittest

from run_script import run


class Libraries(unittest.TestCase):
    def test_acorn_ast_walked_from_python(self):
        self.assertEqual(run("library_acorn.py"), [
            "same counts True True",
            "converted Shape module",
            "repr <JSProxy Node { type: 'ClassDeclara",
        ])

    def test_sqlite3_and_datetime_from_js(self):
        self.assertEqual(run("library_sqlite_datetime.js"), [
            "rows 2 [ 'name', 'n' ] pear 5",
            'json [{"name":"pear","n":5},{"name":"apple","n":3}]',
            'entries [["name","apple"],["n",3]]',
            "date 2024-03-01 true false 4",
            "datetime 2024-01-01 12:30:00+00:00 1704112200 true true",
        ])

    def test_express_router_from_python(self):
        self.assertEqual(run("library_express.py"), [
            "router True /hello/:name {'get': True}",
            "response [200, 'python', {'hello': 'ada', 'query': {'x': '1'}}]",
        ])


if __name__ == "__main__":
    unittest.main()

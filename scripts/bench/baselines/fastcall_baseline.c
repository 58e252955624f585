/* Hand-written METH_FASTCALL functions: the floor the twinhost Python face is measured
   against. Each does by hand what the generic face does for that function. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <openssl/evp.h>

static PyObject* noop(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  (void)self;
  (void)args;
  if (nargs != 0) return PyErr_Format(PyExc_TypeError, "noop() takes 0 arguments");
  Py_RETURN_NONE;
}

static PyObject* add(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  (void)self;
  if (nargs != 2) return PyErr_Format(PyExc_TypeError, "add() takes 2 arguments");
  if (PyLong_CheckExact(args[0]) && PyLong_CheckExact(args[1])) {
    int overflow = 0;
    long long a = PyLong_AsLongLongAndOverflow(args[0], &overflow);
    long long b = overflow ? 0 : PyLong_AsLongLongAndOverflow(args[1], &overflow);
    long long sum;
    if (overflow || __builtin_add_overflow(a, b, &sum))
      return PyErr_Format(PyExc_ValueError, "out of range");
    return PyLong_FromLongLong(sum);
  }
  double a = PyFloat_AsDouble(args[0]), b = PyFloat_AsDouble(args[1]);
  if (PyErr_Occurred()) return NULL;
  return PyFloat_FromDouble(a + b);
}

static PyObject* echo(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  (void)self;
  if (nargs != 1) return PyErr_Format(PyExc_TypeError, "echo() takes 1 argument");
  Py_ssize_t size = 0;
  const char* text = PyUnicode_AsUTF8AndSize(args[0], &size); /* a string in, a copy out */
  if (!text) return NULL;
  return PyUnicode_DecodeUTF8(text, size, NULL);
}

static PyObject* sha256(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  (void)self;
  if (nargs != 1) return PyErr_Format(PyExc_TypeError, "sha256() takes 1 argument");
  Py_buffer view;
  if (PyObject_GetBuffer(args[0], &view, PyBUF_SIMPLE) != 0) return NULL;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(view.buf, (size_t)view.len, digest, &length, EVP_sha256(), NULL);
  PyBuffer_Release(&view);
  char hex[2 * EVP_MAX_MD_SIZE + 1];
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
    hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
  }
  return PyUnicode_FromStringAndSize(hex, 2 * length);
}

static PyMethodDef methods[] = {
    {"noop", (PyCFunction)(void (*)(void))noop, METH_FASTCALL, NULL},
    {"add", (PyCFunction)(void (*)(void))add, METH_FASTCALL, NULL},
    {"echo", (PyCFunction)(void (*)(void))echo, METH_FASTCALL, NULL},
    {"sha256", (PyCFunction)(void (*)(void))sha256, METH_FASTCALL, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "fastcall_baseline", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit_fastcall_baseline(void) { return PyModule_Create(&module); }

print('hello', flush=True)

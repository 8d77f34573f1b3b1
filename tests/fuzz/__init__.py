"""Fuzzing brevtjek's readers: a mutation fuzzer over .docx bytes (driver.py, mutators.py).

Run briefly by tests/test_fuzz.py (``BREVTJEK_FUZZ_SECONDS``, default 20) and for as long
as you like by ``scripts/fuzz.py --minutes N``.
"""

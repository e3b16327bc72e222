"""Editing plan files without losing a byte the person wrote: confirm, tailor, init."""

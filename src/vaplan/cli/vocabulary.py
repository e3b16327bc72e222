"""`vaplan vocabulary`: the words a plan file takes in each closed list, and what each means.

Registered on vaplan.cli.app's app when vaplan.cli.main imports this module.
"""

from __future__ import annotations

from typing import Optional

import typer

from vaplan.cli.app import app, fail


def word_lists() -> dict[str, tuple[str, dict[str, str]]]:
    """List name -> (where the plan uses it, word -> what it means), in the order printed."""
    from vaplan.catalogue import catalogue
    from vaplan.vocabulary import vocabulary

    vocab = vocabulary()
    required = set(vocab.required_disciplines)
    protocols = set(vocab.required_functions)
    filled = {
        "disciplines": {word: label + (" (required by default)" if word in required else "")
                        for word, label in vocab.disciplines.items()},
        "functions": {word: label + (" (required by default)" if word in protocols else "")
                      for word, label in vocab.functions.items()},
        "sections": {section.id: section.title for section in catalogue().sections},
    }
    return {name: (entry.used, filled.get(name, entry.words))
            for name, entry in vocab.lists.items()}


@app.command()
def vocabulary(
    name: Optional[str] = typer.Argument(
        None, metavar="LIST", help="One list, such as disciplines; all of them if left out."),
) -> None:
    """Print the words each list takes, and what each means.

    The lists: disciplines, functions, sectors, levels, checklist sections, agreement types,
    exercise kinds, corrective-action elements and statuses, gap statuses, sources sought, site uses."""
    from vaplan.vocabulary import did_you_mean, word_form

    lists = word_lists()
    if name is not None:
        form = word_form(name)
        # a list by its name, or by a part no other list shares: `kinds`, `types`
        chosen = [key for key in lists if word_form(key) == form] or [
            key for key in lists if form in word_form(key).split("_")]
        chosen = chosen if len(chosen) == 1 else []
        if not chosen:
            fail(f'there is no list "{name}"{did_you_mean(name, lists)}; the lists are: '
                 f"{', '.join(lists)}")
        lists = {chosen[0]: lists[chosen[0]]}
    blocks = []
    for key, (used, words) in lists.items():
        width = max(len(word) for word in words)
        lines = [f"{key}: used in {used}"]
        lines += [f"  {word:<{width}}  {meaning}" for word, meaning in words.items()]
        blocks.append("\n".join(lines))
    typer.echo("\n\n".join(blocks))

"""One function per chart, one module per part of the book.

``theme`` holds the book's one chart style; ``stated`` charts values the documents state;
``cfbt``, ``structures``, ``diagrams``, ``timeline`` and ``la`` hold the charts of the CfBT
part, the 2022 chapter, the redrawn diagrams, the policy timeline and the LA edition.
"""

"""What the registry announces to the modules above it.

The showcase keeps a search index of public products (`kriya.showcase.search`). It sits
above the registry and certification, which change what is public; they must not
import it (no arrow up the layers). So their services send one of these signals,
inside their transaction or on commit, and the showcase connects its indexer in
`ShowcaseConfig.ready`. A signal here is an explicit announcement by a service, never
a model's save hook: the write and its audit event stay in the service.

- `product_changed(sender, product)`: one product was created, edited, published or
  withdrawn;
- `business_changed(sender, business)`: something every product of the business shows
  changed (its status, profile, or a certificate badge).
"""

from django.dispatch import Signal

product_changed = Signal()
business_changed = Signal()

"""Entity type names shared by the recognizers, the config and the redactor."""

from typing import Final

EMAIL: Final = "EMAIL"
IP_ADDRESS: Final = "IP_ADDRESS"
KEY: Final = "KEY"
PASSWORD: Final = "PASSWORD"
PRIVATE_KEY: Final = "PRIVATE_KEY"

ALL_ENTITIES: Final = (EMAIL, IP_ADDRESS, KEY, PASSWORD, PRIVATE_KEY)

# When spans of different types overlap they are merged and labelled with the type that comes first
# here: the more specific and more dangerous finding names the merged span.
PRIORITY: Final = {PRIVATE_KEY: 0, KEY: 1, PASSWORD: 2, EMAIL: 3, IP_ADDRESS: 4}

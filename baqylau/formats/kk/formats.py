# Kazakh formats (Django ships none): the same as the Russian ones used on Kazakhstan's official
# sites, dd.mm.yyyy, decimal comma, space as thousands separator; млн, млрд, трлн as in Russian.
from baqylau.formats.ru.formats import *  # noqa: F403

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
application = get_wsgi_application()

# What was made loading the application (modules, settings, URL patterns) lives as long as the
# process: kept out of the garbage collector's full passes, which otherwise walk it all again
# every few requests (a tenth of a second each; the pages benchmark measures it, docs/benchmarks.md).
gc.freeze()

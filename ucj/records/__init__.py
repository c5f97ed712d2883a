"""The generic record machinery shared by the dataset apps (docs/architecture.md, "Layers").

Not ``ucj.core``: it needs the scoping helper, the audit log and the approval lock.
``services.py`` validates, saves and audits a record within the user's scope and the approval
lock; ``views.py`` serves every dataset's list, CSV, detail, create, edit and delete pages;
``filters.py`` holds the filters every dataset list shares. A Python package, not a Django app:
no models, no migrations.
"""

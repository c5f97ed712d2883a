"""The navigation every page's menu needs. It asks several domain apps (the scoping helper,
the datasets, the forums' reminders), so it lives beside ``ucj/urls.py`` in the project
package, above the apps, and not in ``ucj.core`` (docs/architecture.md, "Layers")."""

from django.utils.functional import SimpleLazyObject

from ucj.accounts.scope import Cap, allows, may_write_dataset
from ucj.core.datasets import all_datasets
from ucj.forums.selectors import reminder_count as forum_reminder_count


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    def reminder_count() -> int:
        return forum_reminder_count(user) if allows(user, Cap.UPDATE_ACTIONS) else 0

    return {
        "nav_datasets": all_datasets(),
        "nav_manage_users": allows(user, Cap.MANAGE_USERS),
        "nav_national": allows(user, Cap.READ_NATIONAL),  # the national dashboard (issue 21)
        "nav_can_import": any(may_write_dataset(user, ds.slug) for ds in all_datasets()),
        # The user's forum action items overdue or due soon: counted (one query) only by the
        # pages that show it.
        "forum_reminder_count": SimpleLazyObject(reminder_count),
    }

from django.utils.functional import SimpleLazyObject

from ucj.accounts.scope import Cap, allows, may_write_dataset
from ucj.core.datasets import all_datasets


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    def reminder_count() -> int:
        from ucj.forums.selectors import reminder_count as count

        return count(user) if allows(user, Cap.UPDATE_ACTIONS) else 0

    return {
        "nav_datasets": all_datasets(),
        "nav_manage_users": allows(user, Cap.MANAGE_USERS),
        "nav_can_import": any(may_write_dataset(user, ds.slug) for ds in all_datasets()),
        # The user's forum action items overdue or due soon: counted (one query) only by the
        # pages that show it.
        "forum_reminder_count": SimpleLazyObject(reminder_count),
    }

from ucj.accounts.scope import may_manage_users
from ucj.core.datasets import all_datasets


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {
        "nav_datasets": all_datasets(),
        "nav_manage_users": may_manage_users(user),
    }

from ucj.accounts.scope import may_manage_users, may_write_dataset
from ucj.core.datasets import all_datasets


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {
        "nav_datasets": all_datasets(),
        "nav_manage_users": may_manage_users(user),
        "nav_can_import": any(may_write_dataset(user, ds.slug) for ds in all_datasets()),
    }

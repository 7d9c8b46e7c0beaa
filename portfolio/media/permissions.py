"""Who may delete images and documents."""

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy


class MediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection rules for images and documents, except that deleting one needs "change" on its
    collection: an uploader may edit what they added, but not delete it."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return self._check_perm(user, ["change"])
        return super().user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if "delete" in actions and self._check_perm(user, ["change"], collection=instance.collection):
            return True
        others = [action for action in actions if action != "delete"]
        return bool(others) and super().user_has_any_permission_for_instance(user, others, instance)

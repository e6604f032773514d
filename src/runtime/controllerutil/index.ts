// controllerutil: small helpers reconcilers need, as controller-runtime's controllerutil and
// apimachinery's meta condition helpers: owner and controller references, finalizers, status
// conditions, and server-side apply of a desired object.
export { setControllerReference, setOwnerReference, controllerOf, AlreadyOwnedError } from './ownerReferences.js';
export { addFinalizer, removeFinalizer, containsFinalizer } from './finalizers.js';
export { setStatusCondition, removeStatusCondition, findStatusCondition, isStatusConditionTrue, type ConditionInput } from './conditions.js';
export { apply, type ApplyOptions } from './apply.js';

// A differential-test oracle for kubets' src/patch: it answers the same requests with the
// upstream Go libraries (k8s.io/apimachinery strategicpatch and managedfields,
// sigs.k8s.io/structured-merge-diff, evanphx/json-patch v4), so the TypeScript tests can compare
// results. It is built by test/patch/oracle.ts into the git-ignored .cache/ from the Go module
// proxy; nothing of it ships.
//
// Protocol: one JSON request per stdin line, one JSON answer per stdout line:
//   {"ok": <value>} or {"error": <text>, "code": <http code>, "reason": <reason>}.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/apimachinery/pkg/util/mergepatch"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"sigs.k8s.io/yaml"
)

type request struct {
	Op          string                 `json:"op"`
	APIVersion  string                 `json:"apiVersion"`
	Kind        string                 `json:"kind"`
	Original    map[string]interface{} `json:"original"`
	Patch       string                 `json:"patch"`
	Live        map[string]interface{} `json:"live"`
	New         map[string]interface{} `json:"new"`
	Manager     string                 `json:"manager"`
	Force       bool                   `json:"force"`
	Subresource string                 `json:"subresource"`
}

var scheme = runtime.NewScheme()

func init() {
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
}

func gvkOf(r request) schema.GroupVersionKind {
	gv, _ := schema.ParseGroupVersion(r.APIVersion)
	return gv.WithKind(r.Kind)
}

// identity conversions: every object here is unstructured in the one version asked for
type convertor struct{}

func (convertor) Convert(in, out, context interface{}) error { return errors.New("not supported") }
func (convertor) ConvertToVersion(in runtime.Object, gv runtime.GroupVersioner) (runtime.Object, error) {
	return in, nil
}
func (convertor) ConvertFieldLabel(gvk schema.GroupVersionKind, label, value string) (string, string, error) {
	return label, value, nil
}

type defaulter struct{}

func (defaulter) Default(runtime.Object) {}

// New objects are the kind's Go zero value, as kube-apiserver's creater makes them (unstructured
// here, so they carry apiVersion and kind for the type converter).
type creater struct{}

func (creater) New(gvk schema.GroupVersionKind) (runtime.Object, error) {
	m, err := zero(request{APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind})
	if err != nil {
		return nil, err
	}
	return &unstructured.Unstructured{Object: m}, nil
}

var converters = map[string]managedfields.TypeConverter{}

func typeConverter(apiVersion string) (managedfields.TypeConverter, error) {
	if c, ok := converters[apiVersion]; ok {
		return c, nil
	}
	name := "api__" + apiVersion + "_openapi.json"
	if strings.Contains(apiVersion, "/") {
		name = "apis__" + strings.Replace(apiVersion, "/", "__", 1) + "_openapi.json"
	}
	raw, err := os.ReadFile(filepath.Join(os.Getenv("OPENAPI_V3_DIR"), name))
	if err != nil {
		return nil, err
	}
	var doc struct {
		Components struct {
			Schemas map[string]*spec.Schema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	c, err := managedfields.NewTypeConverter(doc.Components.Schemas, false)
	if err != nil {
		return nil, err
	}
	converters[apiVersion] = c
	return c, nil
}

func zero(r request) (map[string]interface{}, error) {
	obj, err := scheme.New(gvkOf(r))
	if err != nil {
		return nil, err
	}
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, err
	}
	m["apiVersion"] = r.APIVersion
	m["kind"] = r.Kind
	return m, nil
}

// the handler's interpretStrategicMergePatchError
func smpError(err error) error {
	switch err {
	case mergepatch.ErrBadJSONDoc, mergepatch.ErrBadPatchFormatForPrimitiveList, mergepatch.ErrBadPatchFormatForRetainKeys, mergepatch.ErrBadPatchFormatForSetElementOrderList, mergepatch.ErrUnsupportedStrategicMergePatchFormat:
		return apierrors.NewBadRequest(err.Error())
	case mergepatch.ErrNoListOfLists, mergepatch.ErrPatchContentNotMatchRetainKeys:
		return apierrors.NewGenericServerResponse(http.StatusUnprocessableEntity, "", schema.GroupResource{}, "", err.Error(), 0, false)
	default:
		return err
	}
}

func fieldManager(r request) (*managedfields.FieldManager, error) {
	tc, err := typeConverter(r.APIVersion)
	if err != nil {
		return nil, err
	}
	gvk := gvkOf(r)
	return managedfields.NewDefaultFieldManager(tc, convertor{}, defaulter{}, creater{}, gvk, gvk.GroupVersion(), r.Subresource, nil)
}

func handle(r request) (interface{}, error) {
	switch r.Op {
	case "zero":
		return zero(r)
	case "normalize":
		// the typed round trip kube-apiserver puts every object through (decode, encode)
		obj, err := scheme.New(gvkOf(r))
		if err != nil {
			return nil, err
		}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(r.New, obj); err != nil {
			return nil, err
		}
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
		if err != nil {
			return nil, err
		}
		m["apiVersion"] = r.APIVersion
		m["kind"] = r.Kind
		return m, nil
	case "smp":
		obj, err := scheme.New(gvkOf(r))
		if err != nil {
			return nil, err
		}
		patch := map[string]interface{}{}
		if err := json.Unmarshal([]byte(r.Patch), &patch); err != nil {
			return nil, apierrors.NewBadRequest(err.Error())
		}
		out, err := strategicpatch.StrategicMergeMapPatch(r.Original, patch, obj)
		if err != nil {
			return nil, smpError(err)
		}
		return out, nil
	case "jsonpatch":
		doc, _ := json.Marshal(r.Original)
		p, err := jsonpatch.DecodePatch([]byte(r.Patch))
		if err != nil {
			return nil, apierrors.NewBadRequest(err.Error())
		}
		out, err := p.Apply(doc)
		if err != nil {
			return nil, apierrors.NewGenericServerResponse(http.StatusUnprocessableEntity, "", schema.GroupResource{}, "", err.Error(), 0, false)
		}
		var v interface{}
		err = json.Unmarshal(out, &v)
		return v, err
	case "mergepatch":
		doc, _ := json.Marshal(r.Original)
		out, err := jsonpatch.MergePatch(doc, []byte(r.Patch))
		if err == jsonpatch.ErrBadJSONPatch {
			return nil, apierrors.NewBadRequest(err.Error())
		}
		if err != nil {
			return nil, err
		}
		var v interface{}
		err = json.Unmarshal(out, &v)
		return v, err
	case "update":
		fm, err := fieldManager(r)
		if err != nil {
			return nil, err
		}
		live := r.Live
		if live == nil {
			if live, err = zero(r); err != nil {
				return nil, err
			}
		}
		out, err := fm.Update(&unstructured.Unstructured{Object: live}, &unstructured.Unstructured{Object: r.New}, r.Manager)
		if err != nil {
			return nil, err
		}
		return out.(*unstructured.Unstructured).Object, nil
	case "apply":
		fm, err := fieldManager(r)
		if err != nil {
			return nil, err
		}
		live := &unstructured.Unstructured{Object: r.Live}
		if r.Live == nil {
			obj, err := creater{}.New(gvkOf(r))
			if err != nil {
				return nil, err
			}
			live = obj.(*unstructured.Unstructured)
		}
		config := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(r.Patch), &config); err != nil {
			return nil, apierrors.NewBadRequest(fmt.Sprintf("error decoding YAML: %v", err))
		}
		out, err := fm.Apply(live, &unstructured.Unstructured{Object: config}, r.Manager, r.Force)
		if err != nil {
			return nil, err
		}
		return out.(*unstructured.Unstructured).Object, nil
	}
	return nil, fmt.Errorf("unknown op %q", r.Op)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var r request
		answer := map[string]interface{}{}
		if err := json.Unmarshal(in.Bytes(), &r); err != nil {
			answer["error"] = err.Error()
		} else if v, err := handle(r); err != nil {
			answer["error"] = err.Error()
			var status apierrors.APIStatus
			if errors.As(err, &status) {
				s := status.Status()
				answer["code"] = s.Code
				answer["reason"] = s.Reason
				answer["status"] = s
			} else {
				answer["code"] = 500
				answer["reason"] = ""
			}
		} else {
			answer["ok"] = v
		}
		if err := out.Encode(answer); err != nil {
			panic(err)
		}
	}
}

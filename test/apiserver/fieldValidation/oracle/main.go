// A differential-test oracle for kubets' src/apiserver/fieldValidation: it runs the upstream Go
// libraries kube-apiserver v1.33 decodes request bodies with (the strict JSON and YAML
// serializers of k8s.io/apimachinery, sigs.k8s.io/json, sigs.k8s.io/yaml, evanphx/json-patch v4,
// strategicpatch and the unstructured converter) over the same inputs as the TypeScript module,
// so the tests compare the strict-decoding findings and their order. It is built by
// test/apiserver/fieldValidation/oracle.ts into the git-ignored .cache/; nothing of it ships.
//
// Protocol: one JSON request per stdin line, one JSON answer per stdout line.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	certificatesv1 "k8s.io/api/certificates/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	eventsv1 "k8s.io/api/events/v1"
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	networkingv1 "k8s.io/api/networking/v1"
	nodev1 "k8s.io/api/node/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	storagev1 "k8s.io/api/storage/v1"
)

type request struct {
	Op          string                 `json:"op"`
	APIVersion  string                 `json:"apiVersion"`
	Kind        string                 `json:"kind"`
	ContentType string                 `json:"contentType"`
	Body        string                 `json:"body"`
	Original    map[string]interface{} `json:"original"`
	Value       interface{}            `json:"value"`
}

type answer struct {
	Errors  []string `json:"errors"`
	Fatal   string   `json:"fatal,omitempty"`
	Patched string   `json:"patched,omitempty"`
	Text    string   `json:"text,omitempty"`
}

var scheme = runtime.NewScheme()
var codecs serializer.CodecFactory

func init() {
	for _, add := range []func(*runtime.Scheme) error{
		admissionregistrationv1.AddToScheme, appsv1.AddToScheme, authenticationv1.AddToScheme,
		authorizationv1.AddToScheme, autoscalingv1.AddToScheme, autoscalingv2.AddToScheme,
		batchv1.AddToScheme, certificatesv1.AddToScheme, coordinationv1.AddToScheme, corev1.AddToScheme,
		discoveryv1.AddToScheme, eventsv1.AddToScheme, flowcontrolv1.AddToScheme, networkingv1.AddToScheme,
		nodev1.AddToScheme, policyv1.AddToScheme, rbacv1.AddToScheme, schedulingv1.AddToScheme,
		storagev1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	codecs = serializer.NewCodecFactory(scheme)
}

func gvkOf(r request) schema.GroupVersionKind {
	gv, _ := schema.ParseGroupVersion(r.APIVersion)
	return gv.WithKind(r.Kind)
}

func texts(errs []error) []string {
	out := []string{}
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// decodeStrict decodes data as the strict serializer of a media type does into the kind's
// versioned Go type, returning the strict errors (or the fatal, non-strict one).
func decodeStrict(mediaType string, data []byte, gvk schema.GroupVersionKind) ([]string, string) {
	info, ok := runtime.SerializerInfoForMediaType(codecs.SupportedMediaTypes(), mediaType)
	if !ok {
		return nil, "no serializer for " + mediaType
	}
	_, _, err := info.StrictSerializer.Decode(data, &gvk, nil)
	if err == nil {
		return []string{}, ""
	}
	if strict, ok := runtime.AsStrictDecodingError(err); ok {
		return texts(strict.Errors()), ""
	}
	return nil, err.Error()
}

type jsonPatchOp struct {
	Op    string      `json:"op"`
	Path  string      `json:"path"`
	From  string      `json:"from"`
	Value interface{} `json:"value"`
}

func handle(r request) answer {
	gvk := gvkOf(r)
	switch r.Op {
	case "decode":
		mediaType := "application/json"
		if r.ContentType == "yaml" {
			mediaType = "application/yaml"
		}
		errs, fatal := decodeStrict(mediaType, []byte(r.Body), gvk)
		return answer{Errors: errs, Fatal: fatal}
	case "mergepatch", "jsonpatch":
		var strictErrs []error
		var err error
		var patched []byte
		doc, _ := json.Marshal(r.Original)
		if r.Op == "mergepatch" {
			strictErrs, err = kjson.UnmarshalStrict([]byte(r.Body), &map[string]interface{}{})
			if err != nil {
				return answer{Fatal: "error decoding patch: " + err.Error()}
			}
			patched, err = jsonpatch.MergePatch(doc, []byte(r.Body))
		} else {
			var ops []jsonPatchOp
			strictErrs, err = kjson.UnmarshalStrict([]byte(r.Body), &ops)
			if err != nil {
				return answer{Fatal: "error decoding patch: " + err.Error()}
			}
			for i, e := range strictErrs {
				strictErrs[i] = fmt.Errorf("json patch %v", e)
			}
			var p jsonpatch.Patch
			if p, err = jsonpatch.DecodePatch([]byte(r.Body)); err == nil {
				patched, err = p.Apply(doc)
			}
		}
		if err != nil {
			return answer{Fatal: err.Error()}
		}
		errs, fatal := decodeStrict("application/json", patched, gvk)
		return answer{Errors: append(texts(strictErrs), errs...), Fatal: fatal, Patched: string(patched)}
	case "smp":
		patchMap := map[string]interface{}{}
		strictErrs, err := kjson.UnmarshalStrict([]byte(r.Body), &patchMap)
		if err != nil {
			return answer{Fatal: err.Error()}
		}
		typed, err := scheme.New(gvk)
		if err != nil {
			return answer{Fatal: err.Error()}
		}
		patched, err := strategicpatch.StrategicMergeMapPatch(r.Original, patchMap, typed)
		if err != nil {
			return answer{Fatal: err.Error()}
		}
		out, _ := scheme.New(gvk)
		errs := texts(strictErrs)
		if err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(patched, out, true); err != nil {
			strict, ok := runtime.AsStrictDecodingError(err)
			if !ok {
				return answer{Fatal: err.Error()}
			}
			errs = append(errs, texts(strict.Errors())...)
		}
		patchedJS, _ := json.Marshal(patched)
		return answer{Errors: errs, Text: fmt.Sprintf("%+v", patchMap), Patched: string(patchedJS)}
	case "yamlstrict":
		err := yaml.UnmarshalStrict([]byte(r.Body), &map[string]interface{}{})
		if err != nil {
			return answer{Errors: []string{err.Error()}}
		}
		return answer{Errors: []string{}}
	case "quote":
		return answer{Text: strconv.Quote(r.Body)}
	case "gov":
		// a JSON document decoded as the handlers decode patches (ints preserved), printed with %+v
		v := map[string]interface{}{}
		if _, err := kjson.UnmarshalStrict([]byte(r.Body), &v); err != nil {
			return answer{Fatal: err.Error()}
		}
		return answer{Text: fmt.Sprintf("%+v", v)}
	}
	return answer{Fatal: fmt.Sprintf("unknown op %q", r.Op)}
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var r request
		var a answer
		if err := json.Unmarshal(in.Bytes(), &r); err != nil {
			a = answer{Fatal: err.Error()}
		} else {
			a = handle(r)
		}
		if err := out.Encode(a); err != nil {
			panic(err)
		}
	}
}
